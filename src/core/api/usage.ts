/** Token counts as the API reports them in its last stream chunk. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  inputAudioTokens: number;
  inputVideoTokens: number;
  outputAudioTokens: number;
  outputTextTokens: number;
}

/** A usage record with every count at zero. */
export function emptyUsage(): Usage {
  return {
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    inputAudioTokens: 0,
    inputVideoTokens: 0,
    outputAudioTokens: 0,
    outputTextTokens: 0,
  };
}

/** The field-by-field sum of two usage records. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    inputAudioTokens: a.inputAudioTokens + b.inputAudioTokens,
    inputVideoTokens: a.inputVideoTokens + b.inputVideoTokens,
    outputAudioTokens: a.outputAudioTokens + b.outputAudioTokens,
    outputTextTokens: a.outputTextTokens + b.outputTextTokens,
  };
}
