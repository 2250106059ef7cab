"""The only code that changes wage-supervision data, one module per part."""
