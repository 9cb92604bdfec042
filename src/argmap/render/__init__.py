"""Built-in renderers (registered through entry points)."""
