{{ union_district_lookups(
    lookups=[
        {'source_name': 'ons_geoportal', 'table': 'geoportal__lad18_to_rgn18', 'boundary_year': 2018,
         'district_code': 'lad18cd', 'district_name': 'lad18nm', 'area_code': 'rgn18cd', 'area_name': 'rgn18nm'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla19_region19', 'boundary_year': 2019,
         'district_code': 'ltla19_code', 'district_name': 'ltla19_name', 'area_code': 'region19_code', 'area_name': 'region19_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla21_region21', 'boundary_year': 2021,
         'district_code': 'ltla21_code', 'district_name': 'ltla21_name', 'area_code': 'region21_code', 'area_name': 'region21_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla23_region23', 'boundary_year': 2023,
         'district_code': 'ltla23_code', 'district_name': 'ltla23_name', 'area_code': 'region23_code', 'area_name': 'region23_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla24_region24', 'boundary_year': 2024,
         'district_code': 'ltla24_code', 'district_name': 'ltla24_name', 'area_code': 'region24_code', 'area_name': 'region24_name'},
    ],
    code_alias='region_code',
    name_alias='region_name',
) }}
