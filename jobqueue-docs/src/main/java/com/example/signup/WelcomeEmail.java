package com.example.signup;

// The payload of a welcome-email job; in Redis it is the JSON {"recipient":"..."}.
record WelcomeEmail(String recipient) {
}
