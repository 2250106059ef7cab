"""Background jobs of the wages app (registered with @job_handler)."""
