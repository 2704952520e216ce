"""Pure-Python part of first-contact routing (R2–R6, R8, R10): no ORM here."""
