"""Read/starred state: the records, the file behind them, and the store that owns both."""
