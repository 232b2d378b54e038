{{ union_district_lookups(
    lookups=[
        {'source_name': 'ons_geoportal', 'table': 'geoportal__lad19_to_fra19', 'boundary_year': 2019,
         'district_code': 'lad19cd', 'district_name': 'lad19nm', 'area_code': 'fra19cd', 'area_name': 'fra19nm'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla21_fra21', 'boundary_year': 2021,
         'district_code': 'ltla21_code', 'district_name': 'ltla21_name', 'area_code': 'fra21_code', 'area_name': 'fra21_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla24_fra24', 'boundary_year': 2024,
         'district_code': 'ltla24_code', 'district_name': 'ltla24_name', 'area_code': 'fra24_code', 'area_name': 'fra24_name'},
    ],
    code_alias='fire_authority_code',
    name_alias='fire_authority_name',
) }}
