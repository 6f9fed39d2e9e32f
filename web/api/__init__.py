"""JSON API handlers (``/api/v1``) and health endpoints."""
