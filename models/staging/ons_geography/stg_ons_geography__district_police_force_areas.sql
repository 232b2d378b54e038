{#- Both files have a row per community safety partnership; the macro keeps one per district. -#}
{{ union_district_lookups(
    lookups=[
        {'source_name': 'ons_geoportal', 'table': 'geoportal__lad19_to_csp19_to_pfa19', 'boundary_year': 2019,
         'district_code': 'lad19cd', 'district_name': 'lad19nm', 'area_code': 'pfa19cd', 'area_name': 'pfa19nm'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla24_csp24_pfa24', 'boundary_year': 2024,
         'district_code': 'ltla24_code', 'district_name': 'ltla24_name', 'area_code': 'pfa24_code', 'area_name': 'pfa24_name'},
    ],
    code_alias='police_force_area_code',
    name_alias='police_force_area_name',
) }}
