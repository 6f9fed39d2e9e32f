"""Access: staff sign-in and sessions, partner API keys, rate limits, CSRF and security headers, audit."""
