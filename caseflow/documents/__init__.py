"""PDF documents: the biên bản, referral slips, case files and summary reports, and their proof."""
