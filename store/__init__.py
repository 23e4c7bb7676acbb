"""The headless core of careerplan: model, rules and durable storage. Never imports Textual."""
