{#- Each expense type councils publish, with the kind of spend of the first matching pattern. -#}

{{ classify_by_patterns(
    relation=ref('stg_council_payments__transactions'),
    column='expense_type',
    patterns=ref('payment_expense_kinds'),
    pattern_column='expense_type_pattern',
    label_column='kind_of_spend',
) }}
