{#- Each service area councils publish, with the Total Place theme of the first matching pattern. -#}

{{ classify_by_patterns(
    relation=ref('stg_council_payments__transactions'),
    column='service_area',
    patterns=ref('payment_service_themes'),
    pattern_column='service_area_pattern',
    label_column='theme',
) }}
