"""The static edition: the app's maps and facts as plain HTML pages that need no server.

`build.build_site` writes the folder (`python -m cbe_dash build-site OUT`); `standalone.interactive_map_html`
returns one map's timeline as a single offline HTML file. Both draw with the same figure builders as the app.
"""
