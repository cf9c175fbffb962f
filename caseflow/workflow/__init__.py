"""The case and referral lifecycles: states, the transition table and the engine."""
