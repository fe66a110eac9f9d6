"""CBE Dash: competency-based education policy, League coverage and school connectivity by US state."""
