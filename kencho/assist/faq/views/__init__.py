"""The FAQ's web pages: public.py for residents and visitors (/faq/), staff.py, transfer.py and
inquiries.py for staff (/staff/faq/)."""
