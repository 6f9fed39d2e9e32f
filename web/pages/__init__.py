"""What every page shares, whoever it is for: the template context (translation, direction, labels) and its words."""
