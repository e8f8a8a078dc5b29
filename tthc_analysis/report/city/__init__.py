"""The city's consolidated report (báo cáo tổng hợp) of one period, from
:mod:`tthc_analysis.indicators.city`: its sentences (:mod:`.narrative`), the HTML page
(:mod:`.page`), the formal .docx (:mod:`.formal`), and the four products written together
(:mod:`.report`)."""
