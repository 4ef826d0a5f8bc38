"""The answerkit stage."""
