"""The domain's data shapes: SQLAlchemy tables and the msgspec Structs of the API, one module per concept."""
