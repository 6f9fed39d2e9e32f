"""Catalogue data (the Laatzen demo catalogue in ``catalogue/``), its loader, and HSDS import/export."""
