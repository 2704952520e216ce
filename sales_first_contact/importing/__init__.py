"""Pure-Python part of importing contact lists into an event (R9): no ORM here."""
