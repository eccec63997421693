import type { Translation } from '../index.js';
import type { join as en } from '../en/join.js';

export const join: Translation<typeof en> = {
  heading: 'Prepárese',
  headingNamed: 'Prepárese, {{name}}',
  supervisorIntro:
    'Usted observa abiertamente, con la cámara y el micrófono apagados. Todos ven su nombre con «Supervisor observando» en un recuadro sin video; su propio recuadro se ve igual para usted.',
  preview: 'Vista previa de su cámara',
  cameraOff: 'Cámara apagada',
  noCamera: 'Sin cámara',
  noMicrophone: 'Sin micrófono',
  camera: 'Cámara',
  microphone: 'Micrófono',
  speaker: 'Altavoz',
  systemDefault: 'El predeterminado del sistema',
  cameraN: 'Cámara {{n}}',
  microphoneN: 'Micrófono {{n}}',
  speakerN: 'Altavoz {{n}}',
  cameraWhenJoin: 'Cámara al entrar',
  microphoneWhenJoin: 'Micrófono al entrar',
  on: 'Sí',
  off: 'No',
  joining: {
    onOn: 'Entrará con la cámara encendida y el micrófono activado.',
    onMuted: 'Entrará con la cámara encendida y el micrófono silenciado.',
    offOn: 'Entrará con la cámara apagada y el micrófono activado.',
    offMuted: 'Entrará con la cámara apagada y el micrófono silenciado.',
  },
  problem: {
    noCamera: 'No pudimos usar su cámara. Aun así puede entrar con su micrófono (solo audio).',
    noMicrophone: 'No pudimos usar su micrófono. Aun así puede entrar y escuchar; los demás lo verán.',
    noDevices:
      'No pudimos usar su cámara ni su micrófono. Aun así puede entrar y escuchar. Para permitirlos, use el icono de la cámara en la barra de direcciones y vuelva a cargar la página.',
  },
  micLevel: 'Nivel del micrófono',
  micLevelValue: '{{percent}} %: {{word}}',
  level: {
    quiet: 'Bajo: diga algo para probar su micrófono',
    good: 'Lo escuchamos bien',
    loud: 'Muy alto: aléjese un poco',
  },
  playing: 'Reproduciendo…',
  playTestSound: 'Reproducir sonido de prueba',
  heardTwoNotes: '¿Oyó dos notas? Si no, suba el volumen o elija otro altavoz.',
  alerts: {
    title: 'Alertas de crisis cuando esta pestaña está en segundo plano',
    granted: 'Activadas: una alerta de crisis también aparece como notificación del navegador (sin nombres).',
    denied:
      'Las notificaciones están bloqueadas en este navegador. Las alertas igual cambian el título y el icono de la pestaña y hacen sonar una alarma. Para permitirlas, use el icono de la barra de direcciones.',
    ask: 'Una alerta de crisis cambia el título y el icono de la pestaña y hace sonar una alarma. También puede avisarle cuando esté en otra pestaña o ventana.',
    allow: 'Permitir notificaciones de crisis',
  },
};
