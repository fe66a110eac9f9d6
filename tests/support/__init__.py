"""Test and benchmark harness: run the app as a server and drive it in an offline chromium."""
