"""Built-in readers and writers of argument map formats (registered through entry points)."""
