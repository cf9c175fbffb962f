"""In-app notifications: a list per user and an unread badge."""
