"""Static analysis of package archives. Nothing here executes, imports or builds package code."""
