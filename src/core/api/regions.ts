/** Where the API lives; keys are per region. */
export type Region = 'singapore' | 'beijing';
export const regionBaseUrls: Readonly<Record<Region, string>> = {
  singapore: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  beijing: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
};
