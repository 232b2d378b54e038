{{ union_district_lookups(
    lookups=[
        {'source_name': 'ons_geoportal', 'table': 'geoportal__lad19_to_cauth19', 'boundary_year': 2019,
         'district_code': 'lad19cd', 'district_name': 'lad19nm', 'area_code': 'cauth19cd', 'area_name': 'cauth19nm'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla21_cauth21', 'boundary_year': 2021,
         'district_code': 'ltla21_code', 'district_name': 'ltla21_name', 'area_code': 'cauth21_code', 'area_name': 'cauth21_name'},
        {'source_name': 'ons_geography', 'table': 'geographr__lookup_ltla23_cauth23', 'boundary_year': 2023,
         'district_code': 'ltla23_code', 'district_name': 'ltla23_name', 'area_code': 'cauth23_code', 'area_name': 'cauth23_name'},
    ],
    code_alias='combined_authority_code',
    name_alias='combined_authority_name',
) }}
