"""Forms of the learner's path (presentation only: the rules live in learning.services)."""
