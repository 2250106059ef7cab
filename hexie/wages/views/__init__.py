"""Pages of the wages app, one module per part."""
