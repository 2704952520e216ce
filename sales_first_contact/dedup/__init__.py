"""Pure-Python part of the six-step duplicate search (R11): no ORM here."""
