"""The steering group's picture: what needs came up, which had no offer, offers against demand and referral
outcomes, per field of action, district and month (``/steuerung``, its CSV files, ``/api/v1/reports/needs``).

``plan_facts`` reads stored plans, ``reports`` counts, ``suppression`` hides small numbers, ``tables`` and
``charts`` show them, ``report`` puts the page together; ``screen`` and ``api`` are the handlers."""
