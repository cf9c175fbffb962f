"""The Vietnamese business calendar: weekends, public holidays and make-up working days."""
