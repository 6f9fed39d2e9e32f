"""The catalogue the town keeps true: editors list, edit and confirm offers and approve providers' corrections
(``/verwaltung``); providers confirm or correct their own offers through a signed link (``/anbieter``)."""
