// placeholder: filled in by issue 8 work
