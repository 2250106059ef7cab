"""The contracts app's services, one module per part: templates and drafting, signing and
verification, lifecycle, statistics and export, collective contracts. Each public function is one
user action in one transaction."""
