"""The Litestar application (``create_app()``), its API handlers, the command line, templates and static files."""
