"""Pages of the disputes app, one module per part; views parse, call one service, render."""
