{{ union_district_lookups(
    lookups=[
        {'source_name': 'ons_geoportal', 'table': 'geoportal__lad19_to_cty19', 'boundary_year': 2019,
         'district_code': 'lad19cd', 'district_name': 'lad19nm', 'area_code': 'cty19cd', 'area_name': 'cty19nm'},
        {'source_name': 'ons_geoportal', 'table': 'geoportal__lad20_to_cty20', 'boundary_year': 2020,
         'district_code': 'lad20cd', 'district_name': 'lad20nm', 'area_code': 'cty20cd', 'area_name': 'cty20nm'},
    ],
    code_alias='county_code',
    name_alias='county_name',
) }}
