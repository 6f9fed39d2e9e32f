"""Eligibility, pair features, the ranking model and the plan builder (built with the matcher issue)."""
