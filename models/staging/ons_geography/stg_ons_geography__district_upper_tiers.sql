{{ union_district_lookups(
    lookups=[
        {'source_name': 'ons_geoportal', 'table': 'geoportal__ltla18_to_utla18', 'boundary_year': 2018,
         'district_code': 'ltla18cd', 'district_name': 'ltla18nm', 'area_code': 'utla18cd', 'area_name': 'utla18nm'},
        {'source_name': 'ons_geoportal', 'table': 'geoportal__ltla19_to_utla19', 'boundary_year': 2019,
         'district_code': 'ltla19cd', 'district_name': 'ltla19nm', 'area_code': 'utla19cd', 'area_name': 'utla19nm'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla19_utla19', 'boundary_year': 2019,
         'district_code': 'ltla19_code', 'district_name': 'ltla19_name', 'area_code': 'utla19_code', 'area_name': 'utla19_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla20_utla20', 'boundary_year': 2020,
         'district_code': 'ltla20_code', 'district_name': 'ltla20_name', 'area_code': 'utla20_code', 'area_name': 'utla20_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla21_utla21', 'boundary_year': 2021,
         'district_code': 'ltla21_code', 'district_name': 'ltla21_name', 'area_code': 'utla21_code', 'area_name': 'utla21_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla23_utla23', 'boundary_year': 2023,
         'district_code': 'ltla23_code', 'district_name': 'ltla23_name', 'area_code': 'utla23_code', 'area_name': 'utla23_name'},
    ],
    code_alias='upper_tier_code',
    name_alias='upper_tier_name',
) }}
