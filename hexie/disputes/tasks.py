"""Background jobs of the disputes app (registered with @job_handler)."""
