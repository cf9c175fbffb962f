"""The JSON API for firms' and agencies' systems (/api/v1): token auth, OpenAPI 3.1."""
