"""Open Referral HSDS 3 import and export of the catalogue (the mapping is documented in docs/hsds.md)."""
