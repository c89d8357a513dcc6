"""One module per screen; screens call core and render, never SQL or KPI arithmetic."""
