<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>EngineMessage</name>
    <message>
        <source>&apos;{0}&apos; holds {1} images but &apos;{2}&apos; holds {3} labels</source>
        <translation>&apos;{0}&apos;에는 이미지가 {1}개 있지만 &apos;{2}&apos;에는 레이블이 {3}개 있습니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is a folder, not a CSV file</source>
        <translation>&apos;{0}&apos;은(는) CSV 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is a folder, not an IDX file</source>
        <translation>&apos;{0}&apos;은(는) IDX 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not an IDX file (it does not start with the IDX magic number)</source>
        <translation>&apos;{0}&apos;은(는) IDX 파일이 아닙니다 (IDX 매직 넘버로 시작하지 않습니다)</translation>
    </message>
    <message>
        <source>&apos;{0}&apos;: expected a non-empty list of labels, found shape {1}</source>
        <translation>&apos;{0}&apos;: 비어 있지 않은 레이블 목록이 필요한데 모양이 {1}입니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos;: expected images of shape (count, height, width), found {1}</source>
        <translation>&apos;{0}&apos;: 이미지는 (개수, 높이, 너비) 모양이어야 하는데 {1}입니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos;: images must be unsigned bytes (IDX type 0x08), found {1}</source>
        <translation>&apos;{0}&apos;: 이미지는 부호 없는 바이트(IDX 형식 0x08)여야 하는데 {1}입니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos;: labels must be whole numbers, found {1}</source>
        <translation>&apos;{0}&apos;: 레이블은 정수여야 하는데 {1}입니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos;: labels must lie in 0..{1}, found {2}..{3}</source>
        <translation>&apos;{0}&apos;: 레이블은 0..{1} 범위여야 하는데 {2}..{3}입니다</translation>
    </message>
    <message>
        <source>BatchNorm needs a vector or an image input, not {0}</source>
        <translation>BatchNorm에는 벡터나 이미지 입력이 필요합니다 ({0}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>CSV file &apos;{0}&apos; does not exist</source>
        <translation>CSV 파일 &apos;{0}&apos;이(가) 없습니다</translation>
    </message>
    <message>
        <source>CSV file &apos;{0}&apos; is {1} MB; at most {2} MB is supported</source>
        <translation>CSV 파일 &apos;{0}&apos;의 크기가 {1} MB입니다. 최대 {2} MB까지 지원합니다</translation>
    </message>
    <message>
        <source>Conv2D kernel {0}×{1} is larger than its {2}×{3} input (padded to {4}×{5}); use a smaller kernel, padding or less pooling before it</source>
        <translation>Conv2D 커널 {0}×{1}이(가) {2}×{3} 입력(패딩 후 {4}×{5})보다 큽니다. 더 작은 커널이나 패딩을 쓰거나, 앞쪽의 풀링을 줄이세요</translation>
    </message>
    <message>
        <source>Conv2D kernel {0}×{1} is larger than its {2}×{3} input; use a smaller kernel, padding or less pooling before it</source>
        <translation>Conv2D 커널 {0}×{1}이(가) {2}×{3} 입력보다 큽니다. 더 작은 커널이나 패딩을 쓰거나, 앞쪽의 풀링을 줄이세요</translation>
    </message>
    <message>
        <source>Conv2D needs an image input (channels × height × width) but gets a vector of {0} — remove the Flatten before it</source>
        <translation>Conv2D에는 이미지 입력(채널 × 높이 × 너비)이 필요한데 크기 {0}인 벡터가 들어옵니다 — 앞에 있는 Flatten을 없애세요</translation>
    </message>
    <message>
        <source>Conv2D needs an image input (channels × height × width) but gets an input of {0} — remove the Flatten before it</source>
        <translation>Conv2D에는 이미지 입력(채널 × 높이 × 너비)이 필요한데 {0} 입력이 들어옵니다 — 앞에 있는 Flatten을 없애세요</translation>
    </message>
    <message>
        <source>Conv2D output would be empty ({0}×{1}) for its {2} input</source>
        <translation>{2} 입력에 대한 Conv2D 출력이 비게 됩니다 ({0}×{1})</translation>
    </message>
    <message>
        <source>CuPy failed to import: {0}</source>
        <translation>CuPy를 불러오지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>CuPy is not installed (pip install &apos;nn-playground[gpu]&apos;)</source>
        <translation>CuPy가 설치되어 있지 않음 (pip install &apos;nn-playground[gpu]&apos;)</translation>
    </message>
    <message>
        <source>Dense needs a flat input but gets an image of {0}; add a Flatten layer before it</source>
        <translation>Dense에는 평탄한 입력이 필요한데 {0} 이미지가 들어옵니다. 앞에 Flatten 층을 추가하세요</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; declares an absurd size ({1} values); refusing to read it</source>
        <translation>IDX 파일 &apos;{0}&apos;이(가) 터무니없는 크기({1}개 값)를 선언합니다. 읽지 않습니다</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; declares no dimensions</source>
        <translation>IDX 파일 &apos;{0}&apos;에 차원이 선언되어 있지 않습니다</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; does not exist</source>
        <translation>IDX 파일 &apos;{0}&apos;이(가) 없습니다</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; has an unknown value type code 0x{1}</source>
        <translation>IDX 파일 &apos;{0}&apos;의 값 형식 코드 0x{1}을(를) 알 수 없습니다</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; has more data than its header declares</source>
        <translation>IDX 파일 &apos;{0}&apos;에 헤더가 선언한 것보다 많은 데이터가 있습니다</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; is damaged: {1}</source>
        <translation>IDX 파일 &apos;{0}&apos;이(가) 손상되었습니다: {1}</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; is truncated inside its header</source>
        <translation>IDX 파일 &apos;{0}&apos;이(가) 헤더 중간에서 잘렸습니다</translation>
    </message>
    <message>
        <source>IDX file &apos;{0}&apos; is truncated: it declares {1} data bytes, holds {2}</source>
        <translation>IDX 파일 &apos;{0}&apos;이(가) 잘렸습니다: 데이터 {1}바이트를 선언했지만 {2}바이트만 있습니다</translation>
    </message>
    <message>
        <source>IDX folder &apos;{0}&apos; does not exist or is not a folder</source>
        <translation>IDX 폴더 &apos;{0}&apos;이(가) 없거나 폴더가 아닙니다</translation>
    </message>
    <message>
        <source>ONNX export needs the optional &apos;onnx&apos; package: pip install &apos;nn-playground[export]&apos;</source>
        <translation>ONNX 내보내기에는 선택 패키지 &apos;onnx&apos;가 필요합니다: pip install &apos;nn-playground[export]&apos;</translation>
    </message>
    <message>
        <source>a Residual block needs at least one layer inside it</source>
        <translation>잔차 블록(Residual) 안에는 층이 하나 이상 있어야 합니다</translation>
    </message>
    <message>
        <source>a design file must hold one JSON object at the top level, not {0}</source>
        <translation>설계 파일의 최상위에는 JSON 객체 하나가 있어야 합니다 ({0}은(는) 안 됩니다)</translation>
    </message>
    <message>
        <source>a feature is listed twice</source>
        <translation>같은 특성이 두 번 나옵니다</translation>
    </message>
    <message>
        <source>a file name inside {0} contains a NUL byte ({1})</source>
        <translation>{0} 안의 파일 이름에 NUL 바이트가 있습니다 ({1})</translation>
    </message>
    <message>
        <source>a layer needs a short text id, got {0}</source>
        <translation>층에는 짧은 텍스트 id가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>a lesson file must hold one JSON object at the top level</source>
        <translation>수업 파일의 최상위에는 JSON 객체 하나가 있어야 합니다</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>목록</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>a number has {0} digits</source>
        <translation>숫자 하나가 {0}자리입니다</translation>
    </message>
    <message>
        <source>a number has {0} digits; at most {1} are allowed</source>
        <translation>숫자 하나가 {0}자리입니다. 최대 {1}자리까지 허용됩니다</translation>
    </message>
    <message>
        <source>a regression output needs 1 unit, not {0}</source>
        <translation>회귀 출력에는 유닛이 {0}개가 아니라 1개 필요합니다</translation>
    </message>
    <message>
        <source>a softmax output cannot predict a number (regression); use linear or tanh</source>
        <translation>소프트맥스 출력으로는 수치를 예측(회귀)할 수 없습니다. linear나 tanh를 쓰세요</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>a version 0 design keeps its layers in &apos;layers&apos;, not &apos;network&apos;</source>
        <translation>버전 0 설계는 층을 &apos;network&apos;(신경망)가 아니라 &apos;layers&apos;에 둡니다</translation>
    </message>
    <message>
        <source>a {0} layer cannot hold other layers</source>
        <translation>{0} 층은 다른 층을 담을 수 없습니다</translation>
    </message>
    <message>
        <source>a {0} layer has no option {1}</source>
        <translation>{0} 층에는 {1} 옵션이 없습니다</translation>
    </message>
    <message>
        <source>an input feature is listed twice</source>
        <translation>같은 입력 특성이 두 번 나옵니다</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>객체</translation>
    </message>
    <message>
        <source>binary cross-entropy needs a sigmoid output layer</source>
        <translation>이진 교차 엔트로피에는 시그모이드 출력층이 필요합니다</translation>
    </message>
    <message>
        <source>both &apos;lr&apos; and &apos;train.learning_rate&apos; are given</source>
        <translation>&apos;lr&apos;과 &apos;train.learning_rate&apos;(학습률)가 둘 다 주어졌습니다</translation>
    </message>
    <message>
        <source>cannot export a {0}; expected a design, a snapshot or a file path</source>
        <translation>{0}은(는) 내보낼 수 없습니다. 설계, 스냅숏 또는 파일 경로가 필요합니다</translation>
    </message>
    <message>
        <source>cannot read &apos;{0}&apos;: {1}</source>
        <translation>&apos;{0}&apos;을(를) 읽을 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>cannot read CSV file &apos;{0}&apos;: {1}</source>
        <translation>CSV 파일 &apos;{0}&apos;을(를) 읽을 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>cannot read IDX file &apos;{0}&apos;: {1}</source>
        <translation>IDX 파일 &apos;{0}&apos;을(를) 읽을 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>cannot read the file: {0}</source>
        <translation>파일을 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>cannot read {0}: {1}</source>
        <translation>{0}을(를) 읽을 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>cannot save {0}: {1}</source>
        <translation>{0}을(를) 저장할 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>cannot tell the network&apos;s input shape from the data set {0}: {1}</source>
        <translation>데이터 세트 {0}에서 신경망의 입력 모양을 알아낼 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>categorical cross-entropy needs a softmax output layer</source>
        <translation>범주형 교차 엔트로피에는 소프트맥스 출력층이 필요합니다</translation>
    </message>
    <message>
        <source>choose at least one input feature</source>
        <translation>입력 특성을 하나 이상 고르세요</translation>
    </message>
    <message>
        <source>data.points: draw at least {0} points to train on (there are {1})</source>
        <translation>data.points: 학습할 점을 {0}개 이상 그리세요 (지금 {1}개)</translation>
    </message>
    <message>
        <source>data.task must be &apos;classification&apos; or &apos;regression&apos;, got {0}</source>
        <translation>data.task는 &apos;classification&apos;(분류)이나 &apos;regression&apos;(회귀)이어야 합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>data.{0} must be a number, got {1}</source>
        <translation>data.{0}은(는) 숫자여야 합니다 (받은 값: {1})</translation>
    </message>
    <message>
        <source>data.{0} must be a whole number from {1} to {2}, got {3}</source>
        <translation>data.{0}은(는) {1}부터 {2}까지의 정수여야 합니다 (받은 값: {3})</translation>
    </message>
    <message>
        <source>data.{0} must be between {1} and {2}, got {3}</source>
        <translation>data.{0}은(는) {1}에서 {2} 사이여야 합니다 (받은 값: {3})</translation>
    </message>
    <message>
        <source>disabled by PLAYGROUND_NO_GPU</source>
        <translation>PLAYGROUND_NO_GPU 설정으로 꺼 둠</translation>
    </message>
    <message>
        <source>expected a control name, got {0}</source>
        <translation>컨트롤 이름이 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a finite number, got {0}</source>
        <translation>유한한 숫자가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a list of [x1, x2, label] points, got {0}</source>
        <translation>[x1, x2, 레이블] 점의 목록이 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a list of control names, got {0}</source>
        <translation>컨트롤 이름 목록이 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a list of layers</source>
        <translation>층 목록이 필요합니다</translation>
    </message>
    <message>
        <source>expected a list of layers, got {0}</source>
        <translation>층 목록이 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a list of object names (see docs/ui.md)</source>
        <translation>객체 이름 목록이 필요합니다 (docs/ui.md 참고)</translation>
    </message>
    <message>
        <source>expected a list of steps</source>
        <translation>단계 목록이 필요합니다</translation>
    </message>
    <message>
        <source>expected a non-empty list of feature names</source>
        <translation>비어 있지 않은 특성 이름 목록이 필요합니다</translation>
    </message>
    <message>
        <source>expected a non-empty list of texts</source>
        <translation>비어 있지 않은 텍스트 목록이 필요합니다</translation>
    </message>
    <message>
        <source>expected a number, got {0}</source>
        <translation>숫자가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a path relative to assets/ (e.g. &quot;examples/xor.json&quot;) or a design object</source>
        <translation>assets/ 기준의 상대 경로(예: &quot;examples/xor.json&quot;)나 설계 객체가 필요합니다</translation>
    </message>
    <message>
        <source>expected a path to a .json design inside assets/, written with &apos;/&apos; (e.g. &quot;examples/xor.json&quot;), got {0}</source>
        <translation>assets/ 안의 .json 설계 경로를 &apos;/&apos;로 적어야 합니다 (예: &quot;examples/xor.json&quot;, 받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a point [x1, x2, label], got {0}</source>
        <translation>점 [x1, x2, 레이블]이 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a short id of lower-case letters, digits, &apos;-&apos; and &apos;_&apos;, got {0}</source>
        <translation>영문 소문자, 숫자, &apos;-&apos;, &apos;_&apos;로 된 짧은 id가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a text of at most {0} characters</source>
        <translation>최대 {0}자의 텍스트가 필요합니다</translation>
    </message>
    <message>
        <source>expected a text, got {0}</source>
        <translation>텍스트가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected a whole number from 0 to {0}, got {1}</source>
        <translation>0부터 {0}까지의 정수가 필요합니다 (받은 값: {1})</translation>
    </message>
    <message>
        <source>expected a whole number, got {0}</source>
        <translation>정수가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected an object (data, train, layers, network, name, description)</source>
        <translation>객체가 필요합니다 (data, train, layers(층), network(신경망), name, description)</translation>
    </message>
    <message>
        <source>expected an object mapping layer ids to option changes</source>
        <translation>층 id마다 바꿀 옵션을 적은 객체가 필요합니다</translation>
    </message>
    <message>
        <source>expected an object name such as &apos;learningRateCombo&apos;, got {0}</source>
        <translation>&apos;learningRateCombo&apos; 같은 객체 이름이 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected an object of option values</source>
        <translation>옵션 값을 담은 객체가 필요합니다</translation>
    </message>
    <message>
        <source>expected an object of the fields to change</source>
        <translation>바꿀 필드를 담은 객체가 필요합니다</translation>
    </message>
    <message>
        <source>expected an object with a title, a text and optional design_changes</source>
        <translation>title, text와 선택 항목 design_changes를 담은 객체가 필요합니다</translation>
    </message>
    <message>
        <source>expected an object with the text in {0}, e.g. {&quot;en&quot;: ..., &quot;ko&quot;: ...}</source>
        <translation>{0}의 텍스트를 담은 객체가 필요합니다. 예: {&quot;en&quot;: ..., &quot;ko&quot;: ...}</translation>
    </message>
    <message>
        <source>expected an object, got {0}</source>
        <translation>객체가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected lower-case hexadecimal text, got {0}</source>
        <translation>소문자 16진수 텍스트가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>expected true or false, got {0}</source>
        <translation>true나 false가 필요합니다 (받은 값: {0})</translation>
    </message>
    <message>
        <source>feature expansion needs (N, 2) points, got shape {0}</source>
        <translation>특성 확장에는 (N, 2) 모양의 점이 필요합니다 (받은 모양: {0})</translation>
    </message>
    <message>
        <source>folder &apos;{0}&apos; has no {1}(.gz) file</source>
        <translation>폴더 &apos;{0}&apos;에 {1}(.gz) 파일이 없습니다</translation>
    </message>
    <message>
        <source>format version {0} is not supported</source>
        <translation>형식 버전 {0}은(는) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>format version {0} is too old to be read</source>
        <translation>형식 버전 {0}은(는) 너무 오래되어 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>layer {0}: the keras export does not support the activation {1}</source>
        <translation>층 {0}: keras 내보내기는 활성화 함수 {1}을(를) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the keras export does not support {1} layers</source>
        <translation>층 {0}: keras 내보내기는 {1} 층을 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the onnx export does not support the activation {1}</source>
        <translation>층 {0}: onnx 내보내기는 활성화 함수 {1}을(를) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the onnx export does not support {1} layers</source>
        <translation>층 {0}: onnx 내보내기는 {1} 층을 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the pytorch export does not support the activation {1}</source>
        <translation>층 {0}: pytorch 내보내기는 활성화 함수 {1}을(를) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the pytorch export does not support {1} layers</source>
        <translation>층 {0}: pytorch 내보내기는 {1} 층을 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the {1} export does not support the activation {2}</source>
        <translation>층 {0}: {1} 내보내기는 활성화 함수 {2}을(를) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: the {1} export does not support {2} layers</source>
        <translation>층 {0}: {1} 내보내기는 {2} 층을 지원하지 않습니다</translation>
    </message>
    <message>
        <source>layer {0}: {1}</source>
        <translation>층 {0}: {1}</translation>
    </message>
    <message>
        <source>missing the format version</source>
        <translation>형식 버전이 없습니다</translation>
    </message>
    <message>
        <source>missing the layer type</source>
        <translation>층 종류가 없습니다</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>1 이상이어야 합니다</translation>
    </message>
    <message>
        <source>must be at least {0}, got {1}</source>
        <translation>{0} 이상이어야 합니다 (받은 값: {1})</translation>
    </message>
    <message>
        <source>must be at most {0}, got {1}</source>
        <translation>{0} 이하여야 합니다 (받은 값: {1})</translation>
    </message>
    <message>
        <source>no NVIDIA GPU found</source>
        <translation>NVIDIA GPU를 찾지 못함</translation>
    </message>
    <message>
        <source>no such file: {0}</source>
        <translation>파일이 없습니다: {0}</translation>
    </message>
    <message>
        <source>not a playground snapshot (unreadable zip: {0})</source>
        <translation>플레이그라운드 스냅숏이 아닙니다 (읽을 수 없는 zip: {0})</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>일반 파일이 아닙니다</translation>
    </message>
    <message>
        <source>not enough memory to read IDX file &apos;{0}&apos;</source>
        <translation>IDX 파일 &apos;{0}&apos;을(를) 읽을 메모리가 부족합니다</translation>
    </message>
    <message>
        <source>not valid JSON: {0}</source>
        <translation>올바른 JSON이 아닙니다: {0}</translation>
    </message>
    <message>
        <source>not valid JSON: {0} (line {1}, column {2})</source>
        <translation>올바른 JSON이 아닙니다: {0} ({1}번째 줄, {2}번째 열)</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>one output unit cannot tell {0} classes apart</source>
        <translation>출력 유닛 하나로는 클래스 {0}개를 구별할 수 없습니다</translation>
    </message>
    <message>
        <source>only a data set of 2-D points can be copied into drawn points</source>
        <translation>2차원 점으로 된 데이터 세트만 그린 점으로 복사할 수 있습니다</translation>
    </message>
    <message>
        <source>optimizer.npz: {0} is also an optimizer number in state.json</source>
        <translation>optimizer.npz: {0}은(는) state.json에도 옵티마이저 수치로 들어 있습니다</translation>
    </message>
    <message>
        <source>progress.npz: step_losses holds a value that is not a finite number</source>
        <translation>progress.npz: step_losses에 유한한 숫자가 아닌 값이 있습니다</translation>
    </message>
    <message>
        <source>progress.npz: step_losses must be a list of numbers</source>
        <translation>progress.npz: step_losses는 숫자 목록이어야 합니다</translation>
    </message>
    <message>
        <source>progress.npz: the batch order must be a list of whole numbers</source>
        <translation>progress.npz: 배치 순서는 정수 목록이어야 합니다</translation>
    </message>
    <message>
        <source>progress.npz: the saved batch order is not a permutation</source>
        <translation>progress.npz: 저장된 배치 순서가 순열이 아닙니다</translation>
    </message>
    <message>
        <source>progress.npz: unexpected array {0}</source>
        <translation>progress.npz: 예상하지 못한 배열 {0}</translation>
    </message>
    <message>
        <source>residual blocks are nested too deeply (at most 8)</source>
        <translation>잔차 블록이 너무 깊이 중첩되어 있습니다 (최대 8단계)</translation>
    </message>
    <message>
        <source>softmax needs a flat input (add Flatten and a Dense layer first)</source>
        <translation>소프트맥스에는 평탄한 입력이 필요합니다 (먼저 Flatten과 Dense 층을 추가하세요)</translation>
    </message>
    <message>
        <source>softmax over a single unit is always 1; use sigmoid, or 2 units</source>
        <translation>유닛 하나에 대한 소프트맥스는 항상 1입니다. 시그모이드를 쓰거나 유닛을 2개로 하세요</translation>
    </message>
    <message>
        <source>state.json does not describe a playground snapshot</source>
        <translation>state.json이 플레이그라운드 스냅숏을 설명하지 않습니다</translation>
    </message>
    <message>
        <source>state.json: a position inside an epoch needs the saved batch order</source>
        <translation>state.json: 에포크 중간의 위치에는 저장된 배치 순서가 필요합니다</translation>
    </message>
    <message>
        <source>state.json: epoch_partial is malformed</source>
        <translation>state.json: epoch_partial의 형식이 잘못되었습니다</translation>
    </message>
    <message>
        <source>state.json: history entry {0} is malformed</source>
        <translation>state.json: 기록 항목 {0}의 형식이 잘못되었습니다</translation>
    </message>
    <message>
        <source>state.json: history entry {0}: {1} must be a finite number</source>
        <translation>state.json: 기록 항목 {0}: {1}은(는) 유한한 숫자여야 합니다</translation>
    </message>
    <message>
        <source>state.json: history entry {0}: {1} must be a finite number or null</source>
        <translation>state.json: 기록 항목 {0}: {1}은(는) 유한한 숫자나 null이어야 합니다</translation>
    </message>
    <message>
        <source>state.json: history entry {0}: {1} must be a non-negative whole number</source>
        <translation>state.json: 기록 항목 {0}: {1}은(는) 0 이상의 정수여야 합니다</translation>
    </message>
    <message>
        <source>state.json: the format version must be a whole number from 1</source>
        <translation>state.json: 형식 버전은 1 이상의 정수여야 합니다</translation>
    </message>
    <message>
        <source>state.json: the history is malformed</source>
        <translation>state.json: 기록의 형식이 잘못되었습니다</translation>
    </message>
    <message>
        <source>state.json: the history is malformed ({0})</source>
        <translation>state.json: 기록의 형식이 잘못되었습니다 ({0})</translation>
    </message>
    <message>
        <source>state.json: the optimizer name is missing</source>
        <translation>state.json: 옵티마이저 이름이 없습니다</translation>
    </message>
    <message>
        <source>state.json: the optimizer state is malformed</source>
        <translation>state.json: 옵티마이저 상태의 형식이 잘못되었습니다</translation>
    </message>
    <message>
        <source>state.json: the saved position lies outside the batch order</source>
        <translation>state.json: 저장된 위치가 배치 순서를 벗어납니다</translation>
    </message>
    <message>
        <source>state.json: {0} is malformed</source>
        <translation>state.json: {0}의 형식이 잘못되었습니다</translation>
    </message>
    <message>
        <source>state.json: {0} is malformed ({1})</source>
        <translation>state.json: {0}의 형식이 잘못되었습니다 ({1})</translation>
    </message>
    <message>
        <source>state.json: {0} must be a non-negative whole number</source>
        <translation>state.json: {0}은(는) 0 이상의 정수여야 합니다</translation>
    </message>
    <message>
        <source>the English text is empty</source>
        <translation>영어 텍스트가 비어 있습니다</translation>
    </message>
    <message>
        <source>the English text is missing</source>
        <translation>영어 텍스트가 없습니다</translation>
    </message>
    <message>
        <source>the GPU backend (CuPy) is not usable: {0}</source>
        <translation>GPU 백엔드(CuPy)를 쓸 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>the GPU probe could not start: {0}</source>
        <translation>GPU 확인을 시작하지 못함: {0}</translation>
    </message>
    <message>
        <source>the GPU probe did not answer within {0} s</source>
        <translation>GPU 확인이 {0}초 안에 응답하지 않음</translation>
    </message>
    <message>
        <source>the GPU probe failed: {0}</source>
        <translation>GPU 확인 실패: {0}</translation>
    </message>
    <message>
        <source>the JSON is nested too deeply (at most {0} levels)</source>
        <translation>JSON이 너무 깊이 중첩되어 있습니다 (최대 {0}단계)</translation>
    </message>
    <message>
        <source>the Korean text is empty</source>
        <translation>한국어 텍스트가 비어 있습니다</translation>
    </message>
    <message>
        <source>the Korean text is missing</source>
        <translation>한국어 텍스트가 없습니다</translation>
    </message>
    <message>
        <source>the csv data set needs a file: choose a CSV file</source>
        <translation>csv 데이터 세트에는 파일이 필요합니다. CSV 파일을 고르세요</translation>
    </message>
    <message>
        <source>the design cannot be written as JSON: {0}</source>
        <translation>설계를 JSON으로 쓸 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>the design file is empty</source>
        <translation>설계 파일이 비어 있습니다</translation>
    </message>
    <message>
        <source>the design has no layer {0}</source>
        <translation>설계에 층 {0}이(가) 없습니다</translation>
    </message>
    <message>
        <source>the design is too large (over {0} bytes; a design file may be at most {1} bytes)</source>
        <translation>설계가 너무 큽니다 ({0}바이트 초과, 설계 파일은 최대 {1}바이트)</translation>
    </message>
    <message>
        <source>the design is too large ({0} bytes; a design file may be at most {1} bytes)</source>
        <translation>설계가 너무 큽니다 ({0}바이트, 설계 파일은 최대 {1}바이트)</translation>
    </message>
    <message>
        <source>the design {0} cannot be loaded: {1}</source>
        <translation>설계 {0}을(를) 불러올 수 없습니다: {1}</translation>
    </message>
    <message>
        <source>the design {0} does not exist in {1}</source>
        <translation>설계 {0}이(가) {1}에 없습니다</translation>
    </message>
    <message>
        <source>the design {0} lies outside the assets folder</source>
        <translation>설계 {0}이(가) assets 폴더 밖에 있습니다</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>파일이 없습니다</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (invalid byte 0x{0} on line {1})</source>
        <translation>파일이 UTF-8 텍스트가 아닙니다 ({1}번째 줄에 잘못된 바이트 0x{0})</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (invalid byte on line {0})</source>
        <translation>파일이 UTF-8 텍스트가 아닙니다 ({0}번째 줄에 잘못된 바이트)</translation>
    </message>
    <message>
        <source>the file {0} appears twice inside {1}</source>
        <translation>파일 {0}이(가) {1} 안에 두 번 나옵니다</translation>
    </message>
    <message>
        <source>the generated ONNX model did not pass the checker: {0}</source>
        <translation>생성한 ONNX 모델이 검사기를 통과하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>the id {0} is already used by {1}</source>
        <translation>id {0}은(는) 이미 {1}에서 쓰고 있습니다</translation>
    </message>
    <message>
        <source>the idx data set needs a folder: choose the folder that holds the IDX files</source>
        <translation>idx 데이터 세트에는 폴더가 필요합니다. IDX 파일이 든 폴더를 고르세요</translation>
    </message>
    <message>
        <source>the key {0} appears twice</source>
        <translation>키 {0}이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>the key {0} appears twice in the same object</source>
        <translation>키 {0}이(가) 같은 객체에 두 번 나옵니다</translation>
    </message>
    <message>
        <source>the label must be a class from 0 to {0} (data.classes is {1}), got {2}</source>
        <translation>레이블은 0부터 {0}까지의 클래스여야 합니다 (data.classes는 {1}, 받은 값: {2})</translation>
    </message>
    <message>
        <source>the layer id {0} is used twice</source>
        <translation>층 id {0}이(가) 두 번 쓰였습니다</translation>
    </message>
    <message>
        <source>the layers inside the Residual block turn {0} into {1}; a skip connection needs the same shape at both ends</source>
        <translation>잔차 블록(Residual) 안의 층들이 {0}을(를) {1}(으)로 바꿉니다. 스킵 연결은 양 끝의 모양이 같아야 합니다</translation>
    </message>
    <message>
        <source>the lesson file is empty</source>
        <translation>수업 파일이 비어 있습니다</translation>
    </message>
    <message>
        <source>the lesson is too large (over {0} bytes; a lesson file may be at most {1} bytes)</source>
        <translation>수업이 너무 큽니다 ({0}바이트 초과, 수업 파일은 최대 {1}바이트)</translation>
    </message>
    <message>
        <source>the lesson is too large ({0} bytes; a lesson file may be at most {1} bytes)</source>
        <translation>수업이 너무 큽니다 ({0}바이트, 수업 파일은 최대 {1}바이트)</translation>
    </message>
    <message>
        <source>the loss became {0} at epoch {1}, step {2}; try a smaller learning rate</source>
        <translation>에포크 {1}, {2}단계에서 손실이 {0}이(가) 되었습니다. 더 작은 학습률을 써 보세요</translation>
    </message>
    <message>
        <source>the network ends with an image-shaped output; end it with Flatten and Dense</source>
        <translation>신경망이 이미지 모양의 출력으로 끝납니다. Flatten과 Dense로 끝내세요</translation>
    </message>
    <message>
        <source>the network has no layers; add at least one Dense layer</source>
        <translation>신경망에 층이 없습니다. Dense 층을 하나 이상 추가하세요</translation>
    </message>
    <message>
        <source>the network has {0} parameters; the limit is {1}</source>
        <translation>신경망의 매개변수가 {0}개입니다. 한도는 {1}개입니다</translation>
    </message>
    <message>
        <source>the number is far too large</source>
        <translation>숫자가 너무 큽니다</translation>
    </message>
    <message>
        <source>the number {0} is too large</source>
        <translation>숫자 {0}이(가) 너무 큽니다</translation>
    </message>
    <message>
        <source>the number {0} is too large to be a finite number</source>
        <translation>숫자 {0}은(는) 유한한 숫자로 다루기에 너무 큽니다</translation>
    </message>
    <message>
        <source>the optimizer state does not fit the network: {0}</source>
        <translation>옵티마이저 상태가 신경망에 맞지 않습니다: {0}</translation>
    </message>
    <message>
        <source>the output layer has {0} units; this data set has {1} classes (use {2} units)</source>
        <translation>출력층의 유닛이 {0}개인데 이 데이터 세트의 클래스는 {1}개입니다 (유닛 {2}개를 쓰세요)</translation>
    </message>
    <message>
        <source>the output layer has {0} units; this data set has {1} classes (use {2} units, or 1 for two classes)</source>
        <translation>출력층의 유닛이 {0}개인데 이 데이터 세트의 클래스는 {1}개입니다 (유닛 {2}개를 쓰거나, 두 클래스에는 1개를 쓰세요)</translation>
    </message>
    <message>
        <source>the perceptron rule trains a single Dense layer only</source>
        <translation>퍼셉트론 학습 규칙은 Dense 층 하나만 학습시킵니다</translation>
    </message>
    <message>
        <source>the saved batch order does not fit the data set</source>
        <translation>저장된 배치 순서가 데이터 세트에 맞지 않습니다</translation>
    </message>
    <message>
        <source>the saved batch-order random state</source>
        <translation>저장된 배치 순서 난수 상태</translation>
    </message>
    <message>
        <source>the saved dropout random state</source>
        <translation>저장된 드롭아웃 난수 상태</translation>
    </message>
    <message>
        <source>the saved position lies outside the data set</source>
        <translation>저장된 위치가 데이터 세트를 벗어납니다</translation>
    </message>
    <message>
        <source>the saved random state is malformed ({0})</source>
        <translation>저장된 난수 상태의 형식이 잘못되었습니다 ({0})</translation>
    </message>
    <message>
        <source>the snapshot</source>
        <translation>스냅숏</translation>
    </message>
    <message>
        <source>the snapshot has no {0}</source>
        <translation>스냅숏에 {0}이(가) 없습니다</translation>
    </message>
    <message>
        <source>the snapshot&apos;s design is invalid: {0}</source>
        <translation>스냅숏의 설계가 올바르지 않습니다: {0}</translation>
    </message>
    <message>
        <source>the snapshot&apos;s optimizer state belongs to another optimizer</source>
        <translation>스냅숏의 옵티마이저 상태는 다른 옵티마이저의 것입니다</translation>
    </message>
    <message>
        <source>the target must be between -{0} and {1}, got {2}</source>
        <translation>목표값은 -{0}에서 {1} 사이여야 합니다 (받은 값: {2})</translation>
    </message>
    <message>
        <source>the text contains a NUL or an unpaired surrogate</source>
        <translation>텍스트에 NUL 문자나 짝이 없는 대리 문자가 있습니다</translation>
    </message>
    <message>
        <source>the text contains an unpaired surrogate (\ud800-\udfff)</source>
        <translation>텍스트에 짝이 없는 대리 문자(\ud800-\udfff)가 있습니다</translation>
    </message>
    <message>
        <source>the text is too long ({0} characters; at most {1})</source>
        <translation>텍스트가 너무 깁니다 ({0}자, 최대 {1}자)</translation>
    </message>
    <message>
        <source>the training state holds a number that is not finite; cannot save it</source>
        <translation>학습 상태에 유한하지 않은 숫자가 있어 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>the weights do not match the design (missing {0}, unexpected {1})</source>
        <translation>가중치가 설계와 맞지 않습니다 (빠진 것: {0}, 예상하지 못한 것: {1})</translation>
    </message>
    <message>
        <source>this design was written by a newer version of the playground (format version {0}); this app reads up to version {1}</source>
        <translation>이 설계는 더 새로운 버전의 플레이그라운드에서 만들었습니다 (형식 버전 {0}). 이 앱은 버전 {1}까지 읽을 수 있습니다</translation>
    </message>
    <message>
        <source>this field is required</source>
        <translation>이 필드는 꼭 있어야 합니다</translation>
    </message>
    <message>
        <source>this is not a playground design (expected format {0})</source>
        <translation>플레이그라운드 설계가 아닙니다 (형식 {0}이어야 합니다)</translation>
    </message>
    <message>
        <source>this is not a playground lesson (expected format {0})</source>
        <translation>플레이그라운드 수업이 아닙니다 (형식 {0}이어야 합니다)</translation>
    </message>
    <message>
        <source>this lesson was written for a newer version of the playground (format version {0}); this app reads up to version {1}</source>
        <translation>이 수업은 더 새로운 버전의 플레이그라운드용입니다 (형식 버전 {0}). 이 앱은 버전 {1}까지 읽을 수 있습니다</translation>
    </message>
    <message>
        <source>this snapshot was written by a newer version of the playground and needs format version {0}; this app reads up to version {1}</source>
        <translation>이 스냅숏은 더 새로운 버전의 플레이그라운드에서 만들었으며 형식 버전 {0}이 필요합니다. 이 앱은 버전 {1}까지 읽을 수 있습니다</translation>
    </message>
    <message>
        <source>too many control names (at most {0})</source>
        <translation>컨트롤 이름이 너무 많습니다 (최대 {0}개)</translation>
    </message>
    <message>
        <source>too many layers (at most {0})</source>
        <translation>층이 너무 많습니다 (최대 {0}개)</translation>
    </message>
    <message>
        <source>too many object names ({0}; at most {1})</source>
        <translation>객체 이름이 너무 많습니다 ({0}개, 최대 {1}개)</translation>
    </message>
    <message>
        <source>too many paragraphs ({0}; at most {1})</source>
        <translation>문단이 너무 많습니다 ({0}개, 최대 {1}개)</translation>
    </message>
    <message>
        <source>too many points ({0}; at most {1})</source>
        <translation>점이 너무 많습니다 ({0}개, 최대 {1}개)</translation>
    </message>
    <message>
        <source>too many steps ({0}; at most {1})</source>
        <translation>단계가 너무 많습니다 ({0}개, 최대 {1}개)</translation>
    </message>
    <message>
        <source>training images are {0}x{1} but test images are {2}x{3}</source>
        <translation>훈련 이미지는 {0}x{1}인데 테스트 이미지는 {2}x{3}입니다</translation>
    </message>
    <message>
        <source>training would need about {0} GiB of memory (limit {1} GiB); use fewer units or filters, or a smaller batch</source>
        <translation>학습에 메모리가 약 {0} GiB 필요합니다 (한도 {1} GiB). 유닛이나 필터 수를 줄이거나 배치를 작게 하세요</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>true/false</translation>
    </message>
    <message>
        <source>unexpected file {0} inside {1}</source>
        <translation>{1} 안에 예상하지 못한 파일 {0}이(가) 있습니다</translation>
    </message>
    <message>
        <source>unknown 2-D data set {0}</source>
        <translation>알 수 없는 2차원 데이터 세트 {0}</translation>
    </message>
    <message>
        <source>unknown backend {0}; expected auto, numpy or cupy</source>
        <translation>알 수 없는 백엔드 {0}입니다. auto, numpy, cupy 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>unknown data set {0}; expected one of: {1}</source>
        <translation>알 수 없는 데이터 세트 {0}입니다. 가능한 값: {1}</translation>
    </message>
    <message>
        <source>unknown export format {0}; expected one of: {1}</source>
        <translation>알 수 없는 내보내기 형식 {0}입니다. 가능한 값: {1}</translation>
    </message>
    <message>
        <source>unknown field {0}</source>
        <translation>알 수 없는 필드 {0}</translation>
    </message>
    <message>
        <source>unknown field {0}; expected one of: {1}</source>
        <translation>알 수 없는 필드 {0}입니다. 가능한 값: {1}</translation>
    </message>
    <message>
        <source>unknown input feature {0}</source>
        <translation>알 수 없는 입력 특성 {0}</translation>
    </message>
    <message>
        <source>unknown input feature {0}; expected one of: {1}</source>
        <translation>알 수 없는 입력 특성 {0}입니다. 가능한 값: {1}</translation>
    </message>
    <message>
        <source>unknown language {0}; lessons are written in {1}</source>
        <translation>알 수 없는 언어 {0}입니다. 수업은 {1}(으)로 작성합니다</translation>
    </message>
    <message>
        <source>unknown value {0}; expected one of: {1}</source>
        <translation>알 수 없는 값 {0}입니다. 가능한 값: {1}</translation>
    </message>
    <message>
        <source>unsupported format version {0}</source>
        <translation>지원하지 않는 형식 버전 {0}</translation>
    </message>
    <message>
        <source>weight {0} has shape {1} but the design needs {2}</source>
        <translation>가중치 {0}의 모양은 {1}인데 설계에는 {2}이(가) 필요합니다</translation>
    </message>
    <message>
        <source>{0} = {1} is outside the plane [-{2}, {3}]</source>
        <translation>{0} = {1}이(가) 평면 [-{2}, {3}]을(를) 벗어납니다</translation>
    </message>
    <message>
        <source>{0} does not exist</source>
        <translation>{0}이(가) 없습니다</translation>
    </message>
    <message>
        <source>{0} has a damaged header</source>
        <translation>{0}의 헤더가 손상되었습니다</translation>
    </message>
    <message>
        <source>{0} has an invalid shape</source>
        <translation>{0}의 모양이 올바르지 않습니다</translation>
    </message>
    <message>
        <source>{0} has an unsupported type or a damaged header</source>
        <translation>{0}의 형식을 지원하지 않거나 헤더가 손상되었습니다</translation>
    </message>
    <message>
        <source>{0} holds Python objects; only plain numbers are allowed</source>
        <translation>{0}에 파이썬 객체가 있습니다. 숫자만 허용됩니다</translation>
    </message>
    <message>
        <source>{0} holds {1} files; at most {2} are expected</source>
        <translation>{0}에 파일이 {1}개 있습니다. 최대 {2}개여야 합니다</translation>
    </message>
    <message>
        <source>{0} inside {1} is compressed suspiciously well (a decompression bomb?)</source>
        <translation>{1} 안의 {0}이(가) 의심스러울 만큼 잘 압축되어 있습니다 (압축 폭탄일 수 있습니다)</translation>
    </message>
    <message>
        <source>{0} inside {1} is damaged ({2})</source>
        <translation>{1} 안의 {0}이(가) 손상되었습니다 ({2})</translation>
    </message>
    <message>
        <source>{0} inside {1} is encrypted</source>
        <translation>{1} 안의 {0}이(가) 암호화되어 있습니다</translation>
    </message>
    <message>
        <source>{0} inside {1} is not the size the archive says</source>
        <translation>{1} 안의 {0} 크기가 압축 파일에 적힌 크기와 다릅니다</translation>
    </message>
    <message>
        <source>{0} inside {1} is too large ({2} bytes)</source>
        <translation>{1} 안의 {0}이(가) 너무 큽니다 ({2}바이트)</translation>
    </message>
    <message>
        <source>{0} inside {1} uses an unsupported compression method ({2})</source>
        <translation>{1} 안의 {0}은(는) 지원하지 않는 압축 방식({2})을 씁니다</translation>
    </message>
    <message>
        <source>{0} is a ZIP64 archive, which a playground snapshot never is</source>
        <translation>{0}은(는) ZIP64 압축 파일입니다. 플레이그라운드 스냅숏은 ZIP64가 아닙니다</translation>
    </message>
    <message>
        <source>{0} is a classification loss; this data set is regression (use mse, mae or huber)</source>
        <translation>{0}은(는) 분류용 손실 함수인데 이 데이터 세트는 회귀입니다 (mse, mae, huber 중 하나를 쓰세요)</translation>
    </message>
    <message>
        <source>{0} is a folder</source>
        <translation>{0}은(는) 폴더입니다</translation>
    </message>
    <message>
        <source>{0} is a trained snapshot (design, weights and history), not a design file; continue it with `playground train FILE` or export it with `playground export FILE`</source>
        <translation>{0}은(는) 설계 파일이 아니라 학습된 스냅숏(설계, 가중치, 기록)입니다. `playground train FILE`로 이어서 학습시키거나 `playground export FILE`로 내보내세요</translation>
    </message>
    <message>
        <source>{0} is listed twice</source>
        <translation>{0}이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>{0} is nested too deeply</source>
        <translation>{0}이(가) 너무 깊이 중첩되어 있습니다</translation>
    </message>
    <message>
        <source>{0} is not a NumPy array</source>
        <translation>{0}은(는) NumPy 배열이 아닙니다</translation>
    </message>
    <message>
        <source>{0} is not a regular file</source>
        <translation>{0}은(는) 일반 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{0} is not a valid NumPy archive ({1})</source>
        <translation>{0}은(는) 올바른 NumPy 압축 파일이 아닙니다 ({1})</translation>
    </message>
    <message>
        <source>{0} is not allowed</source>
        <translation>{0}은(는) 허용되지 않습니다</translation>
    </message>
    <message>
        <source>{0} is not allowed in a design file (line {1}, column {2}); every number must be finite</source>
        <translation>설계 파일에는 {0}을(를) 쓸 수 없습니다 ({1}번째 줄, {2}번째 열). 모든 숫자는 유한해야 합니다</translation>
    </message>
    <message>
        <source>{0} is not allowed in a design file; every number must be finite</source>
        <translation>설계 파일에는 {0}을(를) 쓸 수 없습니다. 모든 숫자는 유한해야 합니다</translation>
    </message>
    <message>
        <source>{0} is not allowed in a lesson file (line {1}, column {2}); every number must be finite</source>
        <translation>수업 파일에는 {0}을(를) 쓸 수 없습니다 ({1}번째 줄, {2}번째 열). 모든 숫자는 유한해야 합니다</translation>
    </message>
    <message>
        <source>{0} is not allowed in a lesson file; every number must be finite</source>
        <translation>수업 파일에는 {0}을(를) 쓸 수 없습니다. 모든 숫자는 유한해야 합니다</translation>
    </message>
    <message>
        <source>{0} is not valid JSON ({1})</source>
        <translation>{0}은(는) 올바른 JSON이 아닙니다 ({1})</translation>
    </message>
    <message>
        <source>{0} is too large (over {1} bytes; a design file may be at most {2} bytes)</source>
        <translation>{0}이(가) 너무 큽니다 ({1}바이트 초과, 설계 파일은 최대 {2}바이트)</translation>
    </message>
    <message>
        <source>{0} is too large ({1} bytes; a design file may be at most {2} bytes)</source>
        <translation>{0}이(가) 너무 큽니다 ({1}바이트, 설계 파일은 최대 {2}바이트)</translation>
    </message>
    <message>
        <source>{0} is too large to be a playground snapshot ({1} bytes)</source>
        <translation>{0}은(는) 플레이그라운드 스냅숏이라기에는 너무 큽니다 ({1}바이트)</translation>
    </message>
    <message>
        <source>{0} lists {1} files in a {2}-byte directory; refusing to open it</source>
        <translation>{0}의 {2}바이트 목차에 파일이 {1}개 있다고 적혀 있습니다. 열지 않습니다</translation>
    </message>
    <message>
        <source>{0} must be a finite number, got {1}</source>
        <translation>{0}은(는) 유한한 숫자여야 합니다 (받은 값: {1})</translation>
    </message>
    <message>
        <source>{0} needs an image input (channels × height × width) but gets a vector of {1} — remove the Flatten before it</source>
        <translation>{0}에는 이미지 입력(채널 × 높이 × 너비)이 필요한데 크기 {1}인 벡터가 들어옵니다 — 앞에 있는 Flatten을 없애세요</translation>
    </message>
    <message>
        <source>{0} needs an image input (channels × height × width) but gets an input of {1} — remove the Flatten before it</source>
        <translation>{0}에는 이미지 입력(채널 × 높이 × 너비)이 필요한데 {1} 입력이 들어옵니다 — 앞에 있는 Flatten을 없애세요</translation>
    </message>
    <message>
        <source>{0} unpacks to more than {1} GiB; refusing to open it</source>
        <translation>{0}을(를) 풀면 {1} GiB가 넘습니다. 열지 않습니다</translation>
    </message>
    <message>
        <source>{0} uses an unsupported .npy format version ({1})</source>
        <translation>{0}은(는) 지원하지 않는 .npy 형식 버전({1})을 씁니다</translation>
    </message>
    <message>
        <source>{0} window {1}×{2} is larger than its {3}×{4} input; use a smaller window or remove a pooling layer before it</source>
        <translation>{0} 창 {1}×{2}이(가) {3}×{4} 입력보다 큽니다. 더 작은 창을 쓰거나 앞쪽의 풀링 층을 없애세요</translation>
    </message>
    <message>
        <source>{0}: column {1} holds only one class ({2}); classification needs at least two</source>
        <translation>{0}: 열 {1}에 클래스가 하나({2})뿐입니다. 분류에는 클래스가 두 개 이상 필요합니다</translation>
    </message>
    <message>
        <source>{0}: column {1} holds {2} different labels; at most {3} classes are supported</source>
        <translation>{0}: 열 {1}에 서로 다른 레이블이 {2}개 있습니다. 클래스는 최대 {3}개까지 지원합니다</translation>
    </message>
    <message>
        <source>{0}: has more than {1} data rows, the most supported</source>
        <translation>{0}: 데이터 행이 지원하는 최대치인 {1}개보다 많습니다</translation>
    </message>
    <message>
        <source>{0}: has no column {1}; its columns are {2}</source>
        <translation>{0}: 열 {1}이(가) 없습니다. 있는 열: {2}</translation>
    </message>
    <message>
        <source>{0}: has {1} columns; at most {2} are supported</source>
        <translation>{0}: 열이 {1}개입니다. 최대 {2}개까지 지원합니다</translation>
    </message>
    <message>
        <source>{0}: has {1} data rows; at least {2} are needed</source>
        <translation>{0}: 데이터 행이 {1}개입니다. 최소 {2}개가 필요합니다</translation>
    </message>
    <message>
        <source>{0}: line 1: column {1} has no name</source>
        <translation>{0}: 1번째 줄: 열 {1}에 이름이 없습니다</translation>
    </message>
    <message>
        <source>{0}: line 1: the column name {1} appears twice</source>
        <translation>{0}: 1번째 줄: 열 이름 {1}이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>{0}: line {1} has {2} values but the header names {3} columns</source>
        <translation>{0}: {1}번째 줄에 값이 {2}개 있지만 헤더에는 열이 {3}개 있습니다</translation>
    </message>
    <message>
        <source>{0}: line {1} is not UTF-8 text; save the file as UTF-8</source>
        <translation>{0}: {1}번째 줄이 UTF-8 텍스트가 아닙니다. 파일을 UTF-8로 저장하세요</translation>
    </message>
    <message>
        <source>{0}: line {1}, column {2} is empty</source>
        <translation>{0}: {1}번째 줄, 열 {2}이(가) 비어 있습니다</translation>
    </message>
    <message>
        <source>{0}: line {1}, column {2}: {3} is not a finite number (NaN and infinity are not allowed)</source>
        <translation>{0}: {1}번째 줄, 열 {2}: {3}은(는) 유한한 숫자가 아닙니다 (NaN과 무한대는 허용되지 않습니다)</translation>
    </message>
    <message>
        <source>{0}: line {1}, column {2}: {3} is not a number</source>
        <translation>{0}: {1}번째 줄, 열 {2}: {3}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>{0}: line {1}, column {2}: {3} is too large (beyond the float32 range)</source>
        <translation>{0}: {1}번째 줄, 열 {2}: {3}이(가) 너무 큽니다 (float32 범위를 벗어남)</translation>
    </message>
    <message>
        <source>{0}: line {1}: {2}</source>
        <translation>{0}: {1}번째 줄: {2}</translation>
    </message>
    <message>
        <source>{0}: needs at least two columns (features and a target), found one (are the values separated by commas?)</source>
        <translation>{0}: 열이 두 개 이상(특성과 목표값) 필요한데 하나뿐입니다 (값이 쉼표로 구분되어 있나요?)</translation>
    </message>
    <message>
        <source>{0}: no header: line 1 must name the columns, but it holds numbers</source>
        <translation>{0}: 헤더가 없습니다. 1번째 줄에는 열 이름이 있어야 하는데 숫자가 있습니다</translation>
    </message>
    <message>
        <source>{0}: the data does not match the shape {1} in its header</source>
        <translation>{0}: 데이터가 헤더의 모양 {1}과(와) 맞지 않습니다</translation>
    </message>
    <message>
        <source>{0}: the file is empty</source>
        <translation>{0}: 파일이 비어 있습니다</translation>
    </message>
    <message>
        <source>{0}: {1}; every number must be finite</source>
        <translation>{0}: {1}. 모든 숫자는 유한해야 합니다</translation>
    </message>
</context>
</TS>
