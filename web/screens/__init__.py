"""HTML screens: the counselling screen (``/beratung``); the kiosk comes later. htmx on top of plain forms."""
