"""The OpenAPI document partners generate clients from, and the viewer at ``/schema`` (served by Lotse)."""
