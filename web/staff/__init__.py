"""Staff screens beside the counselling screen: plans that last (recent plans, case references, follow-ups)."""
