"""The Streamlit layer: the only code that talks to Streamlit."""
