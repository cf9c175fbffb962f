"""Cross-cutting pieces: home page, health check, errors, templating, CLI."""
